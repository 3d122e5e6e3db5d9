"""One app, one device, one scenario: from spawn to a sealed evidence bundle."""
