"""What runs and drives the fakes: the `pvo-sandbox` CLI, servers, the pytest plugin, replay,
screenshots, page objects and the step catalogue. It sits above the fakes and `pvo_client`."""
