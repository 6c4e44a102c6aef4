"""What every fake mounts at request time (configuration, database, admin API, journal, faults,
clock) and the French formats the fakes and `pvo_client` check. It imports nothing of ours."""
