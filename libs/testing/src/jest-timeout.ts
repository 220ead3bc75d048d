// Integration files boot a whole app on a fresh database; on a loaded 2-core machine that takes seconds.
jest.setTimeout(60_000);
