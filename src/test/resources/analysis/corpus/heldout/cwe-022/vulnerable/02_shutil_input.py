import os
import shutil

BACKUP_DIR = "/var/backups/app"


def backup_file():
    source = input("File to back up: ")
    dest_name = input("Name for the copy: ")
    shutil.copy(source, os.path.join(BACKUP_DIR, dest_name))
