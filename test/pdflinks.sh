#!/bin/sh
# pdflinks.sh PDF: the PDF's links and named destinations as qpdf reads
# them, one per line:
#   dest NAME PAGE          a named destination and the page it is on
#   link PAGE NAME          an internal link on PAGE to the destination NAME
#   uri PAGE URI            an external link on PAGE
#   outline PAGE TITLE      an outline entry (flattened, in order) and its page
# PAGE counts from 1.
qpdf --json "$1" | jq -r '
  . as $d
  | def deref: if type == "string" and test("^[0-9]+ [0-9]+ R$")
      then $d.qpdf[1]["obj:" + .].value else . end;
    def str: if type == "string" then sub("^[ub]:"; "") else tostring end;
    def pageno($ref): [$d.pages[] | select(.object == $ref) | .pageposfrom1][0];
    def names: deref
      | (if .["/Names"] then (.["/Names"] | deref) as $a
           | range(0; ($a | length); 2) | [($a[.] | str), ($a[. + 1] | deref)]
         else empty end),
        (if .["/Kids"] then .["/Kids"][] | names else empty end);
    def outl: deref | ., (if .["/First"] then .["/First"] | outl else empty end),
      (if .["/Next"] then .["/Next"] | outl else empty end);
    ($d.qpdf[1].trailer.value["/Root"] | deref) as $cat
  | ((($cat["/Names"] // {}) | deref | (.["/Dests"] // empty)) | names
       | "dest \(.[0]) \(pageno(.[1] | deref | .[0]))"),
    ($d.pages[] | .pageposfrom1 as $p | .object | deref | (.["/Annots"] // [])
       | deref | .[] | deref | select(.["/Subtype"] == "/Link")
       | if .["/Dest"] then "link \($p) \(.["/Dest"] | str)"
         else "uri \($p) \(.["/A"]["/URI"] | str)" end),
    (($cat["/Outlines"] // empty) | deref | (.["/First"] // empty) | outl
       | select(.["/Title"]) | "outline \(pageno(.["/Dest"][0])) \(.["/Title"] | str)")
'
