import subprocess


def whois(domain):
    text = subprocess.getoutput("whois " + domain)
    return text.splitlines()[:20]
