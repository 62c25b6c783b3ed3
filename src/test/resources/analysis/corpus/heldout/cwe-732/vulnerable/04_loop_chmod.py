import os


def share_outputs(output_dir):
    for name in os.listdir(output_dir):
        os.chmod(os.path.join(output_dir, name), 0o777)
