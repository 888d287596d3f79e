"""What runs the measurements: in-process and command-line runs, the suite, the loads."""
