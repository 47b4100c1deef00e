# links.jq: the link annotations of a PDF from `qpdf --json`, one line
# each: "page N: URI" or "page N: to page M" (named destinations looked
# up in the catalog's name tree). For comparing two copies of a document.
.qpdf[1] as $o | [.pages[].object] as $pg
| def get(r): if (r | type) == "string" and (r | test(" R$"))
	then $o["obj:" + r].value else r end;
  def names(n): get(n) | ((.["/Names"] // []) as $a
	| [range(0; $a | length; 2) | { key: $a[.], value: $a[. + 1] }]
	| from_entries) + ([(.["/Kids"] // [])[] | names(.)] | add // {});
  get($o.trailer.value["/Root"]) as $cat
| (if get($cat["/Names"])["/Dests"] then names(get($cat["/Names"])["/Dests"])
   else {} end) as $dests
| def target: get(.) | if type == "string" then $dests[.] | get(.) else . end
	| if type == "object" then get(.["/D"]) else . end;
  $pg | to_entries[] | .key as $i
  | (get(get($o["obj:" + .value].value)["/Annots"]) // [])[] | get(.)
  | select(.["/Subtype"] == "/Link")
  | "page \($i + 1): " + (.["/A"]["/URI"] // (.["/Dest"] | target
	| if type == "array" then .[0] as $p | "to page \(($pg | index($p)) + 1)"
	  else "to nowhere" end))
