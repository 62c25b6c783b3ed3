import subprocess


class Extractor:
    def __init__(self, dest):
        self.dest = dest

    def extract(self, zip_path):
        proc = subprocess.Popen("unzip -o " + zip_path + " -d " + self.dest,
                                shell=True, stdout=subprocess.PIPE)
        out, _ = proc.communicate()
        return out
