import os
import sys

target = sys.argv[1]
os.system("cat " + target + " | wc -l")
