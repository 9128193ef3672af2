"""{% shared_fragment %}: a part of a page that is the same for everyone, from the cache.

    {% load fragment_tags %}
    {% shared_fragment "lesson-body" article.pk unless=preview %}...{% endshared_fragment %}

The first argument names the fragment, the others say which one (publishing.fragments adds the
content generation and the language); `unless=` renders it afresh when true (an editor's
preview of unpublished content). Put nothing personal inside: see publishing/fragments.py.

    {% frame_fragment "site-menu" user.is_authenticated %}...{% endframe_fragment %}

is the same for the page's frame that shows no content (menus, footer, stylesheet links):
kept in this process's memory per language and the named parts (fragments.memoized_fragment).
"""

from django import template

from publishing.fragments import cached_fragment, memoized_fragment

register = template.Library()


class SharedFragmentNode(template.Node):
    store = staticmethod(cached_fragment)

    def __init__(self, nodelist, name, parts, unless):
        self.nodelist, self.name, self.parts, self.unless = nodelist, name, parts, unless

    def render(self, context):
        if self.unless is not None and self.unless.resolve(context):
            return self.nodelist.render(context)
        name = str(self.name.resolve(context))
        parts = [str(part.resolve(context)) for part in self.parts]
        return self.store(name, parts, lambda: self.nodelist.render(context))


class FrameFragmentNode(SharedFragmentNode):
    store = staticmethod(memoized_fragment)


@register.tag
def shared_fragment(parser, token):
    return _fragment(parser, token, SharedFragmentNode)


@register.tag
def frame_fragment(parser, token):
    return _fragment(parser, token, FrameFragmentNode)


def _fragment(parser, token, node_class):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name.")
    nodelist = parser.parse((f"end{bits[0]}",))
    parser.delete_first_token()
    unless = None
    parts = []
    for bit in bits[2:]:
        if bit.startswith("unless="):
            unless = parser.compile_filter(bit.removeprefix("unless="))
        else:
            parts.append(parser.compile_filter(bit))
    return node_class(nodelist, parser.compile_filter(bits[1]), parts, unless)
