// The portal's build (Vite) and unit tests (Vitest). The root package.json keeps React 18 for GraphiQL; the
// portal's React 19 is nested under apps/portal/node_modules, so React is resolved from here (dedupe) for every
// dependency — antd and Apollo included — and the bundle holds exactly one React.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// The libraries the browser shares with the services, compiled from their sources (no Node in them).
const shared = {
  '@yiti/minutes-format': fileURLToPath(new URL('../../libs/minutes-format/src/index.ts', import.meta.url)),
};

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react()],
  resolve: { dedupe: ['react', 'react-dom', 'react/jsx-runtime'], alias: shared },
  build: {
    outDir: 'dist/site',
    emptyOutDir: true,
    sourcemap: false,
    chunkSizeWarningLimit: 1200,
    // Every page is its own chunk (React.lazy in app/routes.tsx); antd and ECharts are tree-shaken.
  },
  test: {
    environment: 'happy-dom',
    include: ['src/**/*.test.{ts,tsx}'],
    setupFiles: ['src/test-setup.ts'],
  },
});
