import yaml


def parse_pipeline(document):
    pipeline = yaml.load(document, Loader=yaml.Loader)
    steps = pipeline.get("steps", [])
    return [s["name"] for s in steps]
