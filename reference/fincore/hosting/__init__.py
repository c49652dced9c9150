"""How a service is hosted.

uvicorn on a port the OS picks (``server``); one service per process, ``fincore serve`` (``serve``).
"""
