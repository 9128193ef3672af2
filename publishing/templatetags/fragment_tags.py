"""{% shared_fragment %}: a part of a page that is the same for everyone, from the cache.

    {% load fragment_tags %}
    {% shared_fragment "lesson-body" article.pk unless=preview %}...{% endshared_fragment %}

The first argument names the fragment, the others say which one (publishing.fragments adds the
content generation and the language); `unless=` renders it afresh when true (an editor's
preview of unpublished content). Put nothing personal inside: see publishing/fragments.py.

    {% frame_fragment "site-menu" user.is_authenticated %}...{% endframe_fragment %}

is the same for the page's frame that shows no content (menus, footer, stylesheet links):
kept in this process's memory per language and the named parts (fragments.memoized_fragment).
Its forms' CSRF token and each `fill name=value` are left as slots in the kept HTML and filled
in (escaped) for each request; the parts must say everything else the HTML depends on:

    {% frame_fragment "display-panel" display_classes fill next_url=request.get_full_path %}

A page kept whole (publishing/holes.py) marks its personal parts as holes:

    {% hole "done-mark" sibling.source_pk by=is_done %}...{% endhole %}
    {% hole "account-menu" %}{% partialdef account-menu inline %}...{% endpartialdef %}{% endhole %}

The first is a choice made both ways (`is_done` false and true) when the page is kept; the
second is made for each request from the partial of the same name, with the request's own
context only. Outside a page being kept, both render what is inside them.
"""

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

from publishing import holes
from publishing.fragments import CSRF_SLOT, cached_fragment, memoized_fragment

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
    def __init__(self, nodelist, name, parts, unless, fills):
        super().__init__(nodelist, name, parts, unless)
        self.fills = fills

    def render(self, context):
        token = context.get("csrf_token")
        token = str(token) if token else ""
        if token in ("", "NOTPROVIDED"):  # no token to fill in: made afresh
            with context.push({fill: value.resolve(context) for fill, value in self.fills.items()}):
                return self.nodelist.render(context)
        name = str(self.name.resolve(context))
        parts = [str(part.resolve(context)) for part in self.parts]
        slots = {fill: f"\x00fill-{fill}\x00" for fill in self.fills}
        with context.push(csrf_token=CSRF_SLOT, **slots):
            html = memoized_fragment(
                name, parts, lambda: self.nodelist.render(context), slotted=True
            )
        html = html.replace(CSRF_SLOT, conditional_escape(token))
        for fill, value in self.fills.items():
            html = html.replace(slots[fill], conditional_escape(value.resolve(context)))
        return mark_safe(html)  # noqa: S308 - kept template output, filled values escaped


class HoleNode(template.Node):
    def __init__(self, nodelist, name, key, flag, address):
        self.nodelist, self.name, self.key, self.flag = nodelist, name, key, flag
        self.address = address

    def render(self, context):
        collector = context.get(holes.HOLES)
        if collector is None:
            return self.nodelist.render(context)
        if self.flag is None:
            return collector.live(self.address)
        key = "" if self.key is None else str(self.key.resolve(context))
        made = []
        for value in (False, True):
            with context.push({self.flag: value}):
                made.append(self.nodelist.render(context))
        return collector.choice(self.name, key, *made)


@register.tag
def hole(parser, token):
    """{% hole "name" [key] [by=flag] %}: see the module's docstring and publishing/holes.py."""
    bits = token.split_contents()
    if len(bits) < 2 or bits[1][0] not in "\"'" or bits[1][0] != bits[1][-1]:
        raise template.TemplateSyntaxError("hole needs a name in quotes.")
    name = bits[1][1:-1]
    flag = next((bit.removeprefix("by=") for bit in bits[2:] if bit.startswith("by=")), None)
    rest = [bit for bit in bits[2:] if not bit.startswith("by=")]
    if len(rest) > 1 or (rest and flag is None):
        raise template.TemplateSyntaxError("hole takes a name, and a key only with by=.")
    nodelist = parser.parse(("endhole",))
    parser.delete_first_token()
    address = None
    if flag is None:
        # A live hole is made again from its partial, found by the template's name.
        if name not in parser.extra_data.get("partials", {}) or not parser.origin.template_name:
            raise template.TemplateSyntaxError(
                f'hole "{name}" without by= must hold {{% partialdef {name} inline %}}.'
            )
        address = f"{parser.origin.template_name}#{name}"
    key = parser.compile_filter(rest[0]) if rest else None
    return HoleNode(nodelist, name, key, flag, address)


@register.tag
def shared_fragment(parser, token):
    return _fragment(parser, token, SharedFragmentNode)


@register.tag
def frame_fragment(parser, token):
    return _fragment(parser, token, FrameFragmentNode)


def _fragment(parser, token, node_class):
    bits = token.split_contents()
    fills = {}
    if node_class is FrameFragmentNode and "fill" in bits:
        at = bits.index("fill")
        for bit in bits[at + 1 :]:
            fill, equals, value = bit.partition("=")
            if not equals:
                raise template.TemplateSyntaxError(f"{bits[0]}: fill takes name=value, not {bit}.")
            fills[fill] = parser.compile_filter(value)
        bits = bits[:at]
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
    if node_class is FrameFragmentNode:
        return node_class(nodelist, parser.compile_filter(bits[1]), parts, unless, fills)
    return node_class(nodelist, parser.compile_filter(bits[1]), parts, unless)
