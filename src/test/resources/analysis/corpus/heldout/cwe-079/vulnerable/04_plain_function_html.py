def render_comment(author, body):
    return "<div class='comment'><b>%s</b>: %s</div>" % (author, body)


def render_thread(comments):
    return "\n".join(render_comment(c["author"], c["body"]) for c in comments)
