import subprocess


def zip_folder(folder):
    subprocess.check_call("zip -r {0}.zip {0}".format(folder), shell=True)
    return folder + ".zip"
