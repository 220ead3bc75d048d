// Fault suites start their own servers and processes and wait out leases and restarts.
jest.setTimeout(180_000);
