def pytest_configure(config):
    config.addinivalue_line("markers", "big: the 100 MB corpus case (about 7 s); -m 'not big' leaves it out")
