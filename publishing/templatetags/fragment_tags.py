"""{% shared_fragment %}: a part of a page that is the same for everyone, from the cache.

    {% load fragment_tags %}
    {% shared_fragment "lesson-body" article.pk unless=preview %}...{% endshared_fragment %}

The first argument names the fragment, the others say which one (publishing.fragments adds the
content generation and the language); `unless=` renders it afresh when true (an editor's
preview of unpublished content). Put nothing personal inside: see publishing/fragments.py.
"""

from django import template

from publishing.fragments import cached_fragment

register = template.Library()


class SharedFragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, unless):
        self.nodelist, self.name, self.parts, self.unless = nodelist, name, parts, unless

    def render(self, context):
        if self.unless is not None and self.unless.resolve(context):
            return self.nodelist.render(context)
        name = str(self.name.resolve(context))
        parts = [str(part.resolve(context)) for part in self.parts]
        return cached_fragment(name, parts, lambda: self.nodelist.render(context))


@register.tag
def shared_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"{bits[0]} needs a fragment name.")
    nodelist = parser.parse(("endshared_fragment",))
    parser.delete_first_token()
    unless = None
    parts = []
    for bit in bits[2:]:
        if bit.startswith("unless="):
            unless = parser.compile_filter(bit.removeprefix("unless="))
        else:
            parts.append(parser.compile_filter(bit))
    return SharedFragmentNode(nodelist, parser.compile_filter(bits[1]), parts, unless)
