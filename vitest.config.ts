import { defineConfig } from 'vitest/config';

// Two projects: the default suite (`npm test`) and the real-world Excalidraw corpus
// (`npm run test:corpus`), which reads ../shared/corpus and skips when it is absent.
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{shared,node,renderer,electron,build,test,examples}/**/*.test.{ts,tsx}'],
          exclude: ['**/node_modules/**', '**/*.corpus.test.ts'],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Merrow processes the tests start render in-process and leave nothing running; the
          // warm engine's own tests turn it on, each in a runtime folder of its own.
          env: { MERROW_ENGINE_IDLE: '0' },
        },
      },
      {
        test: {
          name: 'corpus',
          include: ['**/*.corpus.test.ts'],
          exclude: ['**/node_modules/**'],
          testTimeout: 120_000,
        },
      },
    ],
  },
});
