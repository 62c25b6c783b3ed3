def make_link(url, label):
    return '<a href="{}">{}</a>'.format(url, label)


def nav_bar(links):
    return "".join(make_link(l["url"], l["label"]) for l in links)
