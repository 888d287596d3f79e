"""What a benchmark measures against: generated calls, gateway conditions, the guide."""
