"""The scene kit: everything a story may import besides ``mathcore``.

- ``base``: ``ExplainerScene`` (params, beats, captions, reading time, frame-exact sweeps);
- ``registry``: ``@register`` and the list of scenes, found from the story files;
- ``params``: declared, validated scene parameters;
- ``style``: the palette (``palette.of(penalty)``) and the type scale;
- ``layout``: boxes for every aspect ratio and ``fit``;
- ``typeset``: Typst text and math, number formats, live readouts;
- ``captions``: caption bar, plain-text captions, ``.srt``/``.vtt`` cues;
- ``plots``: axes, curves, bars, legends, the band chart;
- ``cards``: text on a rounded panel;
- ``plane``: the (w1, w2) plane: contours, the diamond, the disc;
- ``problem1d``, ``problem2d``: the shared 1-D data and 2-D loss, with their parameters.

The kit imports ``mathcore`` and manim, never a story and never ``l1l2``.
"""
