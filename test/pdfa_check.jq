# pdfa_check.jq: PDF/A-1b requirements read from `qpdf --json` (JSON
# version 2). Prints one line per problem, nothing when all is well.
# Used by pdfa_check.sh, which also reads the XMP packet and the ICC
# profile; nothing here comes from sakspapir's own code.

.qpdf[1] as $o
| def body: if type == "object" then (.value // .stream.dict) else . end;
  def get(r): if (r | type) == "string" and (r | test("^[0-9]+ [0-9]+ R$"))
	then $o["obj:" + r] | body else r end;
  def isstream(r): (r | type) == "string" and ($o["obj:" + r] | has("stream"));
  # every dictionary in the file, nested ones too
  def dicts: $o | to_entries[] | select(.key != "trailer") | .value | body
	| .. | objects;
  ($o.trailer.value) as $tr
| get($tr["/Root"]) as $cat
| (
  (if .qpdf[0].pdfversion != "1.4" then
	"version \(.qpdf[0].pdfversion), not 1.4" else empty end),
  (if (($tr["/ID"] // []) | length) != 2 then "no trailer /ID" else empty end),
  (if $tr["/Encrypt"] != null or .encrypt.encrypted then "encrypted"
	else empty end),
  (if $tr["/Info"] == null then "no Info dictionary" else empty end),

  # implementation limits of PDF/A-1 (ISO 19005-1, 6.1.12)
  ($o | [.. | arrays | length] | max // 0
	| if . > 8191 then "an array of \(.) elements (at most 8191)"
	  else empty end),

  # transparency
  (dicts | select(has("/SMask") and .["/SMask"] != "/None")
	| "a soft mask (/SMask)"),
  (dicts | select(((.["/CA"] // 1) | type) == "number" and .["/CA"] != null
	and .["/CA"] < 1) | "stroke alpha /CA \(.["/CA"])"),
  (dicts | select(((.["/ca"] // 1) | type) == "number" and .["/ca"] != null
	and .["/ca"] < 1) | "fill alpha /ca \(.["/ca"])"),
  (dicts | select(.["/S"] == "/Transparency") | "a transparency group"),
  (dicts | select(.["/BM"] != null and
	((.["/BM"] == "/Normal" or .["/BM"] == "/Compatible") | not))
	| "blend mode \(.["/BM"])"),

  # JavaScript, and actions PDF/A-1 forbids
  (dicts | select(has("/JS") or .["/S"] == "/JavaScript") | "JavaScript"),
  (if (get($cat["/Names"]) | type) == "object" and
	(get($cat["/Names"]) | has("/JavaScript")) then
	"a JavaScript name tree" else empty end),
  (dicts | select(.["/S"] == "/Launch" or .["/S"] == "/Sound" or
	.["/S"] == "/Movie" or .["/S"] == "/ResetForm" or
	.["/S"] == "/ImportData") | "a forbidden action \(.["/S"])"),
  (if $cat["/AA"] != null then "document additional actions (/AA)"
	else empty end),

  # annotations: printable (/F with Print, without Invisible, Hidden,
  # NoView), opaque, and of a kind PDF/A-1 allows
  (dicts | select(.["/Type"] == "/Page") | (get(.["/Annots"]) // [])[]
	| get(.) | . as $a | (.["/F"] // 0) as $f
	| (if ($f / 4 | floor) % 2 != 1 or $f % 2 == 1 or
	    ($f / 2 | floor) % 2 == 1 or ($f / 32 | floor) % 2 == 1 then
		"a \($a["/Subtype"]) annotation that does not print (/F \($f))"
	   else empty end),
	  (if $a["/CA"] != null and $a["/CA"] != 1 then
		"an annotation with /CA \($a["/CA"])" else empty end),
	  (if $a["/Subtype"] == "/FileAttachment" or $a["/Subtype"] == "/Sound"
	    or $a["/Subtype"] == "/Movie" then
		"a forbidden \($a["/Subtype"]) annotation" else empty end)),

  # fonts: every font program embedded (Type0 through its descendant,
  # Type3 draws its own glyphs)
  (dicts | select(.["/Type"] == "/Font" and .["/Subtype"] != "/Type0" and
	.["/Subtype"] != "/Type3")
	| . as $f | get($f["/FontDescriptor"]) as $d
	| if ($d | type) != "object" then
		"font \($f["/BaseFont"]) has no font descriptor"
	  elif ($d["/FontFile"] // $d["/FontFile2"] // $d["/FontFile3"]) == null
	  then "font \($f["/BaseFont"]) is not embedded"
	  else empty end),

  # the XMP packet: present, unfiltered, typed
  (if $cat["/Metadata"] == null then "no XMP metadata in the catalog"
   elif (isstream($cat["/Metadata"]) | not) then "the metadata is no stream"
   else get($cat["/Metadata"]) |
	(if .["/Filter"] != null then "the metadata stream is filtered"
	 else empty end),
	(if .["/Type"] != "/Metadata" or .["/Subtype"] != "/XML" then
	 "the metadata stream is not /Type /Metadata /Subtype /XML"
	 else empty end)
   end),

  # the output intent
  ([ ($cat["/OutputIntents"] // [])[] | get(.)
	| select(.["/S"] == "/GTS_PDFA1") ] as $oi
   | if ($oi | length) != 1 then "\($oi | length) GTS_PDFA1 output intents"
     elif (isstream($oi[0]["/DestOutputProfile"]) | not) then
	"the output intent has no ICC profile stream"
     elif (get($oi[0]["/DestOutputProfile"])["/N"] // 0) != 3 then
	"the output profile is not /N 3 (RGB)"
     else empty end)
  )
