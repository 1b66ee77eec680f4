"""党政办台账: the registers of a township 党政办, kept on one office PC."""

APP_NAME = "党政办台账"
APP_ID = "dangzhengban-taizhang"
__version__ = "0.1.0"
