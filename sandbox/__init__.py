"""What serves the three fakes and what runs them: configuration, database, admin API, servers, CLI."""
