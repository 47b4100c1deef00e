#!/bin/sh
# structtext.sh PDF: the text of the structure tree as poppler reads it
# (pdfinfo -struct-text), one element a line. pdfinfo prints each content
# item of an element on a line of its own; they are joined here with
# nothing between, as the element's text is (a word broken at a line end
# is two items when its hyphen is an artifact).
pdfinfo -struct-text "$1" | awk '
/^ *"/ { sub(/^ *"/, ""); sub(/"$/, ""); cur = cur $0; next }
{ if (cur != "") print cur; cur = "" }
END { if (cur != "") print cur }'
