"""UI: the driver interface shared by Android (uiautomator2) and the host lab."""
