import numpy as np

def preprocess(x):
    return np.asarray(x) / 255.0