"""ofsted-watch's command line: the top floor, which imports every other package and is imported by none."""
