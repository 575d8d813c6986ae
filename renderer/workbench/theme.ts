import { MERMAID_THEMES as THEMES } from '../../shared/mermaid/themes.ts';
import { Store } from './store.ts';

export type AppTheme = 'system' | 'light' | 'dark';

/** Mermaid 12's themes; 'auto' leaves the folder config without a theme so the preview follows the app. */
export const MERMAID_THEMES = ['auto', ...THEMES];
export const LOOKS = ['classic', 'handDrawn', 'neo'];

const media = window.matchMedia('(prefers-color-scheme: dark)');

/** The app's light/dark choice ('system' follows the OS) and the resulting effective theme. */
export const appTheme = new Store<AppTheme>(
  (localStorage.getItem('merrow.theme') as AppTheme | null) ?? 'system',
);
export const isDark = new Store(false);

function apply(): void {
  const choice = appTheme.get();
  const dark = choice === 'dark' || (choice === 'system' && media.matches);
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  isDark.set(dark);
}

/** Sets and remembers the app theme. */
export function setAppTheme(theme: AppTheme): void {
  localStorage.setItem('merrow.theme', theme);
  appTheme.set(theme);
}

appTheme.subscribe(apply);
media.addEventListener('change', apply);
apply();
