"""The Qt layer. It turns service calls into tasks on worker threads and their
results into signals on the GUI thread (as Electrum's Qt GUI does); it holds no
second copy of any calculation."""
