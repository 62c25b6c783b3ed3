import yaml


def parse_pipeline(document):
    pipeline = yaml.load(document, Loader=yaml.SafeLoader)
    return [s["name"] for s in pipeline.get("steps", [])]
