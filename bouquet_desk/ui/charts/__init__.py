"""Charts drawn with QtCharts from the core's chart specifications, on screen and into images."""
