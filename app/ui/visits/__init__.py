"""来访/信访 window: registration, the case list with its clocks, actions and chart."""
