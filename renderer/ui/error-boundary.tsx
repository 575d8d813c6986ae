import { Component, type ReactNode } from 'react';

interface Props {
  children: ReactNode;
  /** Runs before the page reloads (the top-level boundary keeps the unsaved buffers' backups first). */
  beforeReload?: () => void;
}

/**
 * Keeps a part of the UI that failed from taking the whole app down: without a boundary React
 * unmounts everything on an error thrown while rendering. The usual one is a lazily loaded chunk
 * that no longer exists (the app was rebuilt while the page was open), which only a reload fixes;
 * the message shows where that part would be, and the rest of the window goes on working.
 */
export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state: { error: Error | null } = { error: null };

  static getDerivedStateFromError(error: unknown): { error: Error } {
    return { error: error instanceof Error ? error : new Error(String(error)) };
  }

  override render(): ReactNode {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="load-failure" role="alert" data-testid="load-failure">
        <p>This part of Merrow failed to load: {error.message}</p>
        <button
          type="button"
          data-testid="load-failure-reload"
          onClick={() => {
            this.props.beforeReload?.();
            location.reload();
          }}
        >
          Reload
        </button>
      </div>
    );
  }
}
