"""Regenerate ``templates/brand.pptx``, the example's brand template (see ``deckgen.scaffold.brand``).

    python templates/make_template.py [OUTPUT]   # default: templates/brand.pptx
"""

import sys
from pathlib import Path

from deckgen.scaffold.brand import make_brand_template

if __name__ == "__main__":
    print(make_brand_template(sys.argv[1] if len(sys.argv) > 1 else Path(__file__).with_name("brand.pptx")))
