import subprocess


def merge_pdfs(input_files, output_path):
    command = "pdfunite"
    for path in input_files:
        command += " " + path
    command += " " + output_path
    proc = subprocess.Popen(command, shell=True)
    return proc.wait()
