import { defineConfig } from 'vitest/config';

// Two projects: fast unit tests, and integration tests that run against a real Kafka broker
// started once by the global setup (or the cluster named by KAFKA_BROKERS).
export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts', 'tests/unit/**/*.test.tsx'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['tests/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['tests/integration/global-setup.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One broker on two cores: suites share it, so run files one after another.
          fileParallelism: false,
        },
      },
    ],
  },
});
