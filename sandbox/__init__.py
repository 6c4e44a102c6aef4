"""What serves the three fakes and runs them: configuration, database, admin API, servers, CLI."""
