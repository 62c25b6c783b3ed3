import yaml


def load_job_spec(spec_text):
    spec = yaml.unsafe_load(spec_text)
    return spec["job"], spec.get("retries", 3)
