/*
 * genplan — write a synthetic sakspapir master for scale and generality tests.
 *
 *   usage: genplan N DIR [2]
 *
 * With the third argument 2 the master also holds "syn-2", a second
 * version of the plan perturbed from "syn-1" the way plans change: most
 * tiltak carried over, some reworded, moved to the next innsatsområde,
 * split in two, merged with the next, removed, and new ones put in.
 * Every tiltak of syn-2 that comes from syn-1 names it in forgjengar,
 * so the curated links are the truth that 'diff --auto' is measured by.
 *
 * Creates DIR (and missing parents) if needed and writes DIR/master.xml: a
 * self-contained master (no XInclude) for the invented region "Fjelldal" with
 * one plan version "syn-1" holding N tiltak over 7 innsatsområde, one status
 * report "syn-status" with one <status> per tiltak, and one sak
 * "sak-syntetisk" that shows the status report with every status placeholder.
 *
 * The output is a pure function of N: all variation comes from xorshift32
 * generators with fixed seeds, so two runs with the same N give identical
 * bytes. The file is written to DIR/master.xml.tmp and renamed into place.
 *
 * Exit status: 0 on success, 2 on bad arguments, 3 on an I/O error,
 * 1 if memory runs out.
 *
 * Builds with: cc -std=c11 -Wall -Wextra -Wshadow -O2 -o genplan genplan.c
 */
#define _POSIX_C_SOURCE 200809L

#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#define MAX_N 10000000UL
#define N_IO 7

/* ------------------------------------------------------------------ PRNG */

typedef struct { uint32_t s; } rng_t;

static uint32_t rng_next(rng_t *r)
{
    uint32_t x = r->s;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    r->s = x;
    return x;
}

/* Uniform enough for test data: 0 <= result < n. */
static unsigned rng_below(rng_t *r, unsigned n)
{
    return (unsigned)(rng_next(r) % n);
}

#define PICK(r, arr) ((arr)[rng_below((r), (unsigned)(sizeof(arr) / sizeof((arr)[0])))])

/* Separate streams, so changing how text is made does not move the structure. */
static rng_t rng_struct = { 0x5A4B5331u };
static rng_t rng_text   = { 0x9E3779B9u };
static rng_t rng_status = { 0x2545F491u };
static rng_t rng_change = { 0x6A09E667u };	/* the second version */

/* ------------------------------------------------------------ word lists */

static const char *const verb_phrases[] = {
    "arbeide for", "vidareutvikle", "styrkje", "etablere", "kartleggje",
    "leggje til rette for", "følgje opp", "samordne", "greie ut", "utvikle",
    "stimulere til", "fremje", "sikre", "auke", "prioritere", "vurdere",
    "byggje opp", "synleggjere", "vidareføre", "koordinere", "marknadsføre",
    "kvalitetssikre", "arbeide vidare med", "ta initiativ til", "støtte opp om",
    "medverke til", "forenkle", "digitalisere", "invitere til", "satse på",
};

static const char *const sentence_starters[] = {
    "Målet er å", "Tiltaket skal", "Regionrådet vil", "Kommunane skal",
    "Det er viktig å", "Arbeidet skal", "Vi vil", "Det skal vurderast å",
};

static const char *const adjectives[] = {
    "felles", "betre", "nye", "lokale", "interkommunale", "digitale",
    "berekraftige", "attraktive", "gode", "heilskaplege", "regionale",
    "robuste", "framtidsretta", "effektive", "fleire", "varige", "grøne",
    "sterke", "trygge", "fleksible",
};

static const char *const nouns[] = {
    "samarbeid", "tenester", "kompetanse", "bustader", "arbeidsplassar",
    "næringsliv", "reiselivsprodukt", "møteplassar", "tilbod", "løysingar",
    "fagmiljø", "nettverk", "infrastruktur", "breibandsutbygging",
    "klimatiltak", "energiløysingar", "samferdsletilbod", "kulturtilbod",
    "friluftsområde", "lærlingplassar", "etablerarar", "verksemder",
    "gründerar", "arealplanar", "beredskapsplanar", "folkehelsetiltak",
    "rekrutteringstiltak", "kommunale tenester", "klima", "bustad",
    "utdanningstilbod", "kollektivtilbod", "lokalmat", "vassforsyning",
    "stiar og løyper", "sentrumsområde", "naturressursar", "fritidsbustader",
    "ungdomsarbeid", "verdiskaping", "innovasjon", "kunnskapsgrunnlag",
};

static const char *const prepositions[] = {
    "i", "for", "med", "mellom", "om", "til", "gjennom", "innan",
    "saman med", "i samarbeid med", "og", "knytt til", "retta mot",
};

static const char *const fixed_modifiers[] = {
    "i regionen", "i Fjelldal", "saman med kommunane",
    "på tvers av kommunegrensene", "for næringslivet", "regionalt og lokalt",
    "innan klima og miljø", "i heile regionen", "for barn og unge",
    "i tett dialog med næringslivet", "i distrikta", "over tid",
};

static const char *const goal_starters[] = {
    "Fjelldal skal ha", "Regionen skal ha", "Kommunane skal ha",
    "Fjelldal skal vere kjend for", "Innbyggjarane skal ha",
    "Regionen skal byggje på",
};

/* Pieces for made-up 40–53 letter compounds. */
static const char *const compound_heads[] = {
    "samferdsels", "infrastruktur", "utbyggings", "finansierings", "nærings",
    "utviklings", "kompetanse", "bustad", "klima", "tilpassings", "beredskaps",
    "samordnings", "kommune", "sektor", "overgripande", "vassforsynings",
    "breibands", "reiselivs", "destinasjons", "forvaltnings", "planleggings",
    "rettleiings", "søknads", "tilskots",
};
static const char *const compound_tails[] = {
    "ordningane", "prosjektet", "arbeidet", "strategien", "programmet",
    "tiltaka", "rapporten", "samarbeidet", "modellen", "grunnlaget",
};

static const char *const tid_values[] = {
    "2025", "2026", "2027", "2028", "2025–2026", "2025–2028", "2026–2027",
    "2027–2028", "Årleg", "Kont", "Årleg", "Kont",
};

static const char *const bodies[] = {
    "Regionrådet", "Næringshagen", "Kommunane", "Fylkeskommunen", "Tinget",
    "Reiselivslaget", "Dagleg leiar", "Kompetansesenteret", "Regionrådet",
    "Kommunane",
};

static const char *const involved[] = {
    "Kommunane", "Næringslivet", "Ungdomsrådet",
    "Frivillige lag og organisasjonar", "Fylkeskommunen", "Statsforvaltaren",
    "Skulane", "NAV", "Reiselivsaktørane", "Bondelaga", "Innovasjon Noreg",
};

static const char *const remarks[] = {
    "Vidareført frå førre plan.", "Krev ekstern finansiering.",
    "Budsjett < 500 000 kr per år.",
    "Sjå også tiltak i regional næringsplan.",
    "Samarbeid med «Fjelldal Næringsforum» & lokale bedrifter.",
    "Nytt tiltak i denne planperioden.",
    "Vert samordna med arbeidet i \"Ung i Fjelldal\".",
    "Ansvaret skal avklarast i 2026.",
};

static const char *const comment_gron[] = {
    "Gjennomført.", "Arbeidet går etter planen.", "Ferdigstilt i 2025.",
    "Tiltaket er i gang og går som planlagt.", "Fast del av drifta.",
    "Gjennomført saman med kommunane.", "Godt i gang.",
    "Samarbeid med «Fjelldal Næringsforum» & Innovasjon Noreg.",
};
static const char *const comment_gul[] = {
    "Noko forseinka.", "Arbeidet er starta, men manglar finansiering.",
    "Delvis gjennomført.", "Avventar avklaring med fylkeskommunen.",
    "Forseinka grunna kapasitet i sekretariatet.",
    "Kostnad < 200 000 kr er sett av; resten manglar.",
};
static const char *const comment_raud[] = {
    "Ikkje starta.", "Manglar finansiering.", "Sett på vent.",
    "Ikkje prioritert i 2026.", "Krev ny politisk handsaming.",
    "Partnarane har trekt seg frå prosjektet.",
};
static const char *const comment_ikkje[] = {
    "Ikkje rapportert.", "Vurderast i neste rapport.",
};

static const char *const io_names[N_IO] = {
    "Næringsutvikling og verdiskaping",
    "Kompetanse og utdanning",
    "Samferdsle og digital infrastruktur",
    "Klima, energi og natur",
    "Bustad og attraktive lokalsamfunn",
    "Helse, oppvekst og levekår",
    "Samarbeid og regional identitet",
};
/* Share (in percent) of the tiltak that goes to each innsatsområde. */
static const unsigned io_weight[N_IO] = { 18, 14, 16, 12, 15, 11, 14 };

/* --------------------------------------------------------------- buffers */

typedef struct { char *p; size_t len, cap; } sbuf;

static void die_oom(void)
{
    fputs("genplan: out of memory\n", stderr);
    exit(1);
}

static void sb_reserve(sbuf *b, size_t extra)
{
    if (b->len + extra + 1 <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (b->len + extra + 1 > cap)
        cap *= 2;
    char *p = realloc(b->p, cap);
    if (!p)
        die_oom();
    b->p = p;
    b->cap = cap;
}

static void sb_put(sbuf *b, const char *s)
{
    size_t n = strlen(s);
    sb_reserve(b, n);
    memcpy(b->p + b->len, s, n);
    b->len += n;
    b->p[b->len] = '\0';
}

static void sb_clear(sbuf *b)
{
    b->len = 0;
    if (b->p)
        b->p[0] = '\0';
}

/* Upper-case the letter at offset off (ASCII and æ, ø, å). */
static void sb_capitalize(sbuf *b, size_t off)
{
    if (off >= b->len)
        return;
    unsigned char *c = (unsigned char *)b->p + off;
    if (c[0] >= 'a' && c[0] <= 'z')
        c[0] = (unsigned char)(c[0] - 'a' + 'A');
    else if (c[0] == 0xC3 && off + 1 < b->len) {
        if (c[1] == 0xA6 || c[1] == 0xB8 || c[1] == 0xA5)
            c[1] = (unsigned char)(c[1] - 0x20);
    }
}

/* ---------------------------------------------------------------- output */

static FILE *out;
static const char *out_path;

static void io_fail(const char *path, int err)
{
    fprintf(stderr, "genplan: %s: %s\n", path, strerror(err));
    if (out) {
        fclose(out);
        out = NULL;
        remove(out_path);
    }
    exit(3);
}

static void put(const char *s)
{
    if (fputs(s, out) == EOF)
        io_fail(out_path, errno);
}

static void putf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int r = vfprintf(out, fmt, ap);
    va_end(ap);
    if (r < 0)
        io_fail(out_path, errno);
}

/* XML-escape for both character data and attribute values. */
static void esc(const char *s)
{
    const char *run = s;
    for (; *s; s++) {
        const char *rep = NULL;
        switch (*s) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&apos;"; break;
        default: break;
        }
        if (rep) {
            if (s > run && fwrite(run, 1, (size_t)(s - run), out) != (size_t)(s - run))
                io_fail(out_path, errno);
            put(rep);
            run = s + 1;
        }
    }
    if (s > run && fwrite(run, 1, (size_t)(s - run), out) != (size_t)(s - run))
        io_fail(out_path, errno);
}

/* ------------------------------------------------------- text generation */

static int word_count(const char *s)
{
    int n = 1;
    for (; *s; s++)
        if (*s == ' ')
            n++;
    return n;
}

/* Append a phrase, separated by a space unless at start or after a space. */
static void add(sbuf *b, int *wc, const char *phrase)
{
    if (b->len && b->p[b->len - 1] != ' ')
        sb_put(b, " ");
    sb_put(b, phrase);
    *wc += word_count(phrase);
}

static void add_np(rng_t *r, sbuf *b, int *wc)
{
    if (rng_below(r, 2) == 0)
        add(b, wc, PICK(r, adjectives));
    add(b, wc, PICK(r, nouns));
}

static void add_modifier(rng_t *r, sbuf *b, int *wc)
{
    if (rng_below(r, 4) == 0) {
        add(b, wc, PICK(r, fixed_modifiers));
    } else {
        add(b, wc, PICK(r, prepositions));
        add_np(r, b, wc);
    }
}

/* A made-up compound of 40–53 letters. */
static void make_compound(rng_t *r, char *dst, size_t dstsz)
{
    const char *tail = PICK(r, compound_tails);
    size_t letters = 0, taillen = 0, n = 0;
    const char *prev = NULL;
    for (const char *t = tail; *t; t++)
        if ((*t & 0xC0) != 0x80)
            taillen++;
    dst[0] = '\0';
    while (letters + taillen < 40) {
        const char *h;
        do
            h = PICK(r, compound_heads);
        while (h == prev);
        prev = h;
        size_t hl = strlen(h);
        if (n + hl + 1 >= dstsz)
            break;
        memcpy(dst + n, h, hl + 1);
        n += hl;
        for (const char *t = h; *t; t++)
            if ((*t & 0xC0) != 0x80)
                letters++;
    }
    size_t tl = strlen(tail);
    if (n + tl + 1 < dstsz)
        memcpy(dst + n, tail, tl + 1);
}

/* End the sentence that began at sentence_off: capitalize, add a full stop. */
static void end_sentence(sbuf *b, size_t sentence_off)
{
    sb_capitalize(b, sentence_off);
    sb_put(b, ".");
}

/*
 * Tiltak text of 8–45 words: one or more sentences "VP NP MOD*". With
 * want_long, the first sentence carries a very long compound; with want_list,
 * the text is a short lead-in, and *items gets 2–4 list items.
 */
static void gen_tiltak_text(rng_t *r, sbuf *b, int want_long, int want_list,
                            sbuf items[4], int *nitems)
{
    int wc = 0;
    sb_clear(b);
    *nitems = 0;

    if (want_list) {
        add(b, &wc, PICK(r, verb_phrases));
        add_np(r, b, &wc);
        if (want_long) {
            char comp[128];
            make_compound(r, comp, sizeof comp);
            add(b, &wc, "gjennom");
            add(b, &wc, comp);
        }
        sb_capitalize(b, 0);
        sb_put(b, rng_below(r, 2) ? ", mellom anna:" : " ved å:");
        wc += 2;
        *nitems = 2 + (int)rng_below(r, 3);
        for (int i = 0; i < *nitems; i++) {
            int iwc = 0;
            sb_clear(&items[i]);
            add(&items[i], &iwc, PICK(r, verb_phrases));
            add_np(r, &items[i], &iwc);
            if (rng_below(r, 2))
                add_modifier(r, &items[i], &iwc);
        }
        return;
    }

    /* Target 8..39 words, triangular; the last phrase overshoots by <= 6. */
    int target = 8 + (int)((rng_below(r, 32) + rng_below(r, 32)) / 2);
    size_t sentence_off = 0;
    int sentence_words = 0;
    int sentence_limit = 12 + (int)rng_below(r, 10);

    add(b, &wc, PICK(r, verb_phrases));
    add_np(r, b, &wc);
    if (want_long) {
        char comp[128];
        make_compound(r, comp, sizeof comp);
        add(b, &wc, PICK(r, prepositions));
        add(b, &wc, comp);
    }
    sentence_words = wc;
    while (wc < target) {
        if (sentence_words >= sentence_limit && target - wc >= 8) {
            end_sentence(b, sentence_off);
            sb_put(b, " ");
            sentence_off = b->len;
            int before = wc;
            if (rng_below(r, 3) == 0) {
                add(b, &wc, PICK(r, sentence_starters));
                add(b, &wc, PICK(r, verb_phrases));
            } else {
                add(b, &wc, PICK(r, verb_phrases));
            }
            add_np(r, b, &wc);
            sentence_words = wc - before;
            sentence_limit = 10 + (int)rng_below(r, 10);
            continue;
        }
        int before = wc;
        add_modifier(r, b, &wc);
        sentence_words += wc - before;
    }
    end_sentence(b, sentence_off);
}

static void gen_goal_text(rng_t *r, sbuf *b)
{
    int wc = 0;
    int target = 6 + (int)rng_below(r, 11);
    sb_clear(b);
    add(b, &wc, PICK(r, goal_starters));
    add_np(r, b, &wc);
    while (wc < target)
        add_modifier(r, b, &wc);
    end_sentence(b, 0);
}


/* --------------------------------------------------------------- helpers */

static void elem(const char *indent, const char *name, const char *text)
{
    putf("%s<%s>", indent, name);
    esc(text);
    putf("</%s>\n", name);
}

/* mkdir -p */
static void make_dirs(const char *dir)
{
    size_t n = strlen(dir);
    char *p = malloc(n + 1);
    if (!p)
        die_oom();
    memcpy(p, dir, n + 1);
    for (size_t i = 1; i <= n; i++) {
        if (p[i] == '/' || p[i] == '\0') {
            char c = p[i];
            p[i] = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST)
                io_fail(p, errno);
            p[i] = c;
        }
    }
    struct stat st;
    if (stat(dir, &st) != 0)
        io_fail(dir, errno);
    if (!S_ISDIR(st.st_mode))
        io_fail(dir, ENOTDIR);
    free(p);
}

static void usage(void)
{
    fprintf(stderr, "usage: genplan N DIR [2]   (N = number of tiltak, 1..%lu;"
            " 2: a second, perturbed version)\n", MAX_N);
    exit(2);
}


/* ------------------------------------------------- the second version */

/* What syn-2 needs of each tiltak of syn-1. */
struct saved {
    char *plain;        /* the text, when it has no list */
    char *xml;          /* else the escaped tekst content */
    const char *tid;
    char *ansvar;
    char *involvering;
    const char *merknad;
    char id[48];
};
static struct saved *saved;

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (!p)
        die_oom();
    return memcpy(p, s, n);
}

static void keep_text(unsigned long k, const char *id, const sbuf *text,
                      const sbuf items[4], int nitems)
{
    snprintf(saved[k].id, sizeof saved[k].id, "%s", id);
    if (nitems == 0) {
        saved[k].plain = xstrdup(text->p);
        return;
    }
    sbuf b = { 0 };
    sb_put(&b, text->p);
    sb_put(&b, "<liste type=\"punkt\">");
    for (int j = 0; j < nitems; j++) {
        sb_put(&b, "<punkt>");
        sb_put(&b, items[j].p);
        sb_put(&b, "</punkt>");
    }
    sb_put(&b, "</liste>");
    saved[k].xml = b.p;
}

/* Change 1 to 3 words of S: replace one, drop one, or add a phrase. */
static char *reword(const char *s)
{
    char *w[128];
    int nw = 0, edits = 1 + (int)rng_below(&rng_change, 3);
    char *copy = xstrdup(s);
    for (char *t = strtok(copy, " "); t && nw < 120; t = strtok(NULL, " "))
        w[nw++] = t;
    sbuf b = { 0 };
    const char *extra = NULL;
    int at = -1, kind = 0;
    for (int e = 0; e < edits && nw > 3; e++) {
        int pos = 1 + (int)rng_below(&rng_change, (unsigned)(nw - 2));
        kind = (int)rng_below(&rng_change, 3);
        if (kind == 0)
            w[pos] = (char *)PICK(&rng_change, nouns);
        else if (kind == 1) {
            memmove(&w[pos], &w[pos + 1], (size_t)(nw - pos - 1) * sizeof *w);
            nw--;
        } else {
            at = pos;
            extra = PICK(&rng_change, fixed_modifiers);
        }
    }
    for (int j = 0; j < nw; j++) {
        if (j)
            sb_put(&b, " ");
        if (j == at && extra) {
            sb_put(&b, extra);
            sb_put(&b, " ");
        }
        sb_put(&b, w[j]);
    }
    free(copy);
    return b.p;
}

/* One tiltak of syn-2: from syn-1 tiltak a (and b), or new. */
struct entry {
    long a, b;          /* -1 when none */
    int part;           /* 0 whole, 1 or 2: half of a split */
    int changed;        /* 1 reworded */
};

static void put_entry(const struct entry *e, int io, unsigned long g, unsigned seq,
                      sbuf *text, sbuf items[4])
{
    int nitems, words = 0;
    putf("        <tiltak id=\"syn2-%d.%lu.%u\" nr=\"%d.%lu.%u\"", io + 1, g + 1, seq,
         io + 1, g + 1, seq);
    if (e->a >= 0 && e->b >= 0)
        putf(" forgjengar=\"%s %s\"", saved[e->a].id, saved[e->b].id);
    else if (e->a >= 0)
        putf(" forgjengar=\"%s\"", saved[e->a].id);
    put(">\n");
    put("          <tekst>");
    if (e->a < 0) {
        gen_tiltak_text(&rng_change, text, 0, 0, items, &nitems);
        esc(text->p);
    } else if (saved[e->a].xml) {
        put(saved[e->a].xml);
    } else if (e->part) {
        /* a half: the words before or after the middle */
        const char *s = saved[e->a].plain, *mid = s;
        for (const char *q = s; *q; q++)
            words += *q == ' ';
        for (int c = 0; *mid && c < (words + 1) / 2; mid++)
            c += *mid == ' ';
        if (e->part == 1) {
            sb_clear(text);
            sb_reserve(text, (size_t)(mid - s));
            memcpy(text->p, s, (size_t)(mid - s));
            text->len = (size_t)(mid - s);
            while (text->len && text->p[text->len - 1] == ' ')
                text->len--;
            text->p[text->len] = '\0';
            sb_put(text, ".");
            esc(text->p);
        } else {
            sb_clear(text);
            sb_put(text, mid);
            sb_capitalize(text, 0);
            esc(text->p);
        }
    } else if (e->changed) {
        char *r = reword(saved[e->a].plain);
        esc(r);
        free(r);
    } else {
        esc(saved[e->a].plain);
    }
    if (e->b >= 0) {
        put(" ");
        if (saved[e->b].xml)
            put(saved[e->b].xml);
        else
            esc(saved[e->b].plain);
    }
    put("</tekst>\n");
    if (e->a >= 0) {
        const char *tid = saved[e->a].tid;
        if (rng_below(&rng_change, 10) == 0)
            tid = PICK(&rng_change, tid_values);
        elem("          ", "tid", tid);
        elem("          ", "ansvar", saved[e->a].ansvar);
        if (saved[e->a].involvering)
            elem("          ", "involvering", saved[e->a].involvering);
        if (saved[e->a].merknad)
            elem("          ", "merknad", saved[e->a].merknad);
    } else {
        elem("          ", "tid", PICK(&rng_change, tid_values));
        elem("          ", "ansvar", PICK(&rng_change, bodies));
    }
    put("        </tiltak>\n");
}

/*
 * syn-2: the structure of syn-1, each tiltak carried over (72 %),
 * reworded (12 %), moved to the first mål of the next innsatsområde
 * (4 %), removed (5 %), split in two (3 %) or merged with the next
 * (2 %), and a new tiltak after about one in twenty.
 */
static void write_second(unsigned long n, const unsigned long *io_goals,
                         const unsigned long *io_first_goal, const unsigned *goal_size)
{
    unsigned long ngoals = io_first_goal[N_IO - 1] + io_goals[N_IO - 1];
    struct entry **list = calloc(ngoals, sizeof *list);
    size_t *len = calloc(ngoals, sizeof *len), *cap = calloc(ngoals, sizeof *cap);
    sbuf text = { 0 }, items[4] = { { 0 } };
    unsigned long k = 0;
    if (!list || !len || !cap)
        die_oom();
#define PUSH(gi, ...) do { \
        if (len[gi] == cap[gi]) { \
            cap[gi] = cap[gi] ? cap[gi] * 2 : 8; \
            list[gi] = realloc(list[gi], cap[gi] * sizeof **list); \
            if (!list[gi]) die_oom(); \
        } \
        list[gi][len[gi]++] = (struct entry){ __VA_ARGS__ }; \
    } while (0)
    for (int i = 0; i < N_IO; i++)
        for (unsigned long g = 0; g < io_goals[i]; g++) {
            unsigned long gi = io_first_goal[i] + g;
            unsigned size = goal_size[gi];
            for (unsigned t = 0; t < size; t++, k++) {
                unsigned p = rng_below(&rng_change, 100);
                int plain = saved[k].plain != NULL;
                if (p < 72 || (!plain && p < 84))
                    PUSH(gi, (long)k, -1, 0, 0);
                else if (p < 84)
                    PUSH(gi, (long)k, -1, 0, 1);
                else if (p < 88)
                    PUSH(io_first_goal[(i + 1) % N_IO], (long)k, -1, 0, 0);
                else if (p < 93)
                    ;   /* removed */
                else if (p < 96 && plain && word_count(saved[k].plain) >= 10) {
                    PUSH(gi, (long)k, -1, 1, 0);
                    PUSH(gi, (long)k, -1, 2, 0);
                } else if (p < 98 && t + 1 < size && plain && saved[k + 1].plain) {
                    PUSH(gi, (long)k, (long)(k + 1), 0, 0);
                    t++;
                    k++;
                } else
                    PUSH(gi, (long)k, -1, 0, 0);
                if (rng_below(&rng_change, 20) == 0)
                    PUSH(gi, -1, -1, 0, 0);
            }
        }
#undef PUSH
    (void)n;
    put("  <versjon id=\"syn-2\" tittel=\"Regional plan for Fjelldal 2027–2030 (syntetisk)\""
        " periode=\"2027–2030\" status=\"vedteken\" dato=\"2027-02-11\" organ=\"tinget\">\n");
    for (int i = 0; i < N_IO; i++) {
        putf("    <innsatsområde id=\"syn2-io%d\" nr=\"%d\" namn=\"", i + 1, i + 1);
        esc(io_names[i]);
        put("\">\n");
        for (unsigned long g = 0; g < io_goals[i]; g++) {
            unsigned long gi = io_first_goal[i] + g;
            if (len[gi] == 0) {
                    /* a mål keeps at least one tiltak */
                    cap[gi] = 1;
                    list[gi] = realloc(list[gi], sizeof **list);
                    if (!list[gi])
                        die_oom();
                    list[gi][0] = (struct entry){ -1, -1, 0, 0 };
                    len[gi] = 1;
            }
            putf("      <mål id=\"syn2-m%d.%lu\" nr=\"%d.%lu\">\n", i + 1, g + 1, i + 1, g + 1);
            gen_goal_text(&rng_change, &text);
            elem("        ", "tekst", text.p);
            for (size_t e = 0; e < len[gi]; e++)
                put_entry(&list[gi][e], i, g, (unsigned)e + 1, &text, items);
            put("      </mål>\n");
            free(list[gi]);
        }
        put("    </innsatsområde>\n");
    }
    put("  </versjon>\n");
    free(list);
    free(len);
    free(cap);
    free(text.p);
    for (int j = 0; j < 4; j++)
        free(items[j].p);
}

/* ------------------------------------------------------------------ main */

int main(int argc, char **argv)
{
    if (argc < 3 || argc > 4 || argv[1][0] == '\0' || argv[2][0] == '\0' ||
        (argc == 4 && strcmp(argv[3], "2") != 0))
        usage();
    int two = argc == 4;
    unsigned long n = 0;
    for (const char *s = argv[1]; *s; s++) {
        if (*s < '0' || *s > '9')
            usage();
        n = n * 10 + (unsigned long)(*s - '0');
        if (n > MAX_N)
            usage();
    }
    if (n == 0)
        usage();
    const char *dir = argv[2];

    /* ---- structure: tiltak per innsatsområde, then per mål (3..8) */
    unsigned long io_count[N_IO];
    unsigned long assigned = 0;
    for (int i = 0; i < N_IO; i++) {
        io_count[i] = n * io_weight[i] / 100;
        assigned += io_count[i];
    }
    for (int i = 0; assigned < n; i = (i + 1) % N_IO, assigned++)
        io_count[i]++;

    unsigned *goal_size = malloc(sizeof *goal_size * (n + N_IO));
    if (!goal_size)
        die_oom();
    unsigned long io_first_goal[N_IO], io_goals[N_IO], ngoals = 0;
    for (int i = 0; i < N_IO; i++) {
        unsigned long rem = io_count[i];
        io_first_goal[i] = ngoals;
        while (rem > 0) {
            unsigned long s;
            if (rem <= 8) {
                s = rem;
            } else {
                s = 3 + rng_below(&rng_struct, 6);
                if (rem - s < 3)
                    s = rem - 3;
            }
            goal_size[ngoals++] = (unsigned)s;
            rem -= s;
        }
        io_goals[i] = ngoals - io_first_goal[i];
    }

    /* ---- open output */
    size_t dl = strlen(dir);
    int slash = dir[dl - 1] == '/';
    char *final_path = malloc(dl + 32), *tmp_path = malloc(dl + 32);
    if (!final_path || !tmp_path)
        die_oom();
    sprintf(final_path, "%s%smaster.xml", dir, slash ? "" : "/");
    sprintf(tmp_path, "%s%smaster.xml.tmp", dir, slash ? "" : "/");
    make_dirs(dir);
    out_path = tmp_path;
    out = fopen(tmp_path, "wb");
    if (!out)
        io_fail(tmp_path, errno);
    static char obuf[1 << 16];
    setvbuf(out, obuf, _IOFBF, sizeof obuf);

    sbuf text = { 0 }, items[4] = { { 0 } };
    int nitems;

    /* ---- header and organisation */
    put("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    putf("<!-- Synthetic test master written by test/genplan (N=%lu). Invented region;\n"
         "     deterministic: the same N always gives the same bytes. Do not edit. -->\n", n);
    put("<region id=\"fjelldal\" namn=\"Regionrådet for Fjelldal\" stad=\"Fjelldal\">\n");
    put("  <organisasjon>\n"
        "    <kommune id=\"kvitberg\" namn=\"Kvitberg\"/>\n"
        "    <kommune id=\"storlia\" namn=\"Storlia\"/>\n"
        "    <kommune id=\"elvebakken\" namn=\"Elvebakken\"/>\n"
        "    <kommune id=\"nordvang\" namn=\"Nordvang\"/>\n"
        "    <kommune id=\"fjelldal-kommune\" namn=\"Fjelldal kommune\"/>\n"
        "    <organ id=\"regionradet\" namn=\"Regionrådet for Fjelldal\" kortnamn=\"Regionrådet\" rolle=\"styre\"/>\n"
        "    <organ id=\"tinget\" namn=\"Fjelldalstinget\" kortnamn=\"Tinget\" rolle=\"representantskap\"/>\n"
        "    <person id=\"dagleg-leiar\" namn=\"Ingrid Haugsnes\" tittel=\"Dagleg leiar\"/>\n"
        "  </organisasjon>\n");

    /* ---- plan version */
    put("  <versjon id=\"syn-1\" tittel=\"Regional plan for Fjelldal 2025–2028 (syntetisk)\""
        " periode=\"2025–2028\" status=\"vedteken\" dato=\"2025-02-13\" organ=\"tinget\">\n");
    if (two && !(saved = calloc(n, sizeof *saved)))
        die_oom();
    unsigned long k = 0; /* global tiltak index */
    for (int i = 0; i < N_IO; i++) {
        putf("    <innsatsområde id=\"syn-io%d\" nr=\"%d\" namn=\"", i + 1, i + 1);
        esc(io_names[i]);
        put("\">\n");
        for (unsigned long g = 0; g < io_goals[i]; g++) {
            unsigned size = goal_size[io_first_goal[i] + g];
            putf("      <mål id=\"syn-m%d.%lu\" nr=\"%d.%lu\">\n", i + 1, g + 1, i + 1, g + 1);
            gen_goal_text(&rng_text, &text);
            elem("        ", "tekst", text.p);
            for (unsigned t = 0; t < size; t++, k++) {
                int want_long = k % 40 == 7;
                int want_list = k % 23 == 11;
                putf("        <tiltak id=\"syn-%d.%lu.%u\" nr=\"%d.%lu.%u\">\n",
                     i + 1, g + 1, t + 1, i + 1, g + 1, t + 1);
                gen_tiltak_text(&rng_text, &text, want_long, want_list, items, &nitems);
                put("          <tekst>");
                esc(text.p);
                if (nitems > 0) {
                    put("<liste type=\"punkt\">");
                    for (int j = 0; j < nitems; j++) {
                        put("<punkt>");
                        esc(items[j].p);
                        put("</punkt>");
                    }
                    put("</liste>");
                }
                put("</tekst>\n");
                if (two) {
                    char id[48];
                    snprintf(id, sizeof id, "syn-%d.%lu.%u", i + 1, g + 1, t + 1);
                    keep_text(k, id, &text, items, nitems);
                }

                const char *tid = PICK(&rng_text, tid_values);
                elem("          ", "tid", tid);
                if (two)
                    saved[k].tid = tid;

                sb_clear(&text);
                const char *b1 = PICK(&rng_text, bodies);
                sb_put(&text, b1);
                if (rng_below(&rng_text, 5) < 2) {
                    const char *b2;
                    do
                        b2 = PICK(&rng_text, bodies);
                    while (strcmp(b1, b2) == 0);
                    sb_put(&text, rng_below(&rng_text, 2) ? " " : ", ");
                    sb_put(&text, b2);
                }
                elem("          ", "ansvar", text.p);
                if (two)
                    saved[k].ansvar = xstrdup(text.p);

                if (rng_below(&rng_text, 3) == 0) {
                    sb_clear(&text);
                    unsigned m = 1 + rng_below(&rng_text, 3);
                    const char *prev = NULL;
                    for (unsigned j = 0; j < m; j++) {
                        const char *v = PICK(&rng_text, involved);
                        if (v == prev)
                            continue;
                        if (prev)
                            sb_put(&text, ", ");
                        sb_put(&text, v);
                        prev = v;
                    }
                    elem("          ", "involvering", text.p);
                    if (two)
                        saved[k].involvering = xstrdup(text.p);
                }
                if (rng_below(&rng_text, 6) == 0) {
                    const char *m = PICK(&rng_text, remarks);
                    elem("          ", "merknad", m);
                    if (two)
                        saved[k].merknad = m;
                }
                put("        </tiltak>\n");
            }
            put("      </mål>\n");
        }
        put("    </innsatsområde>\n");
    }
    put("  </versjon>\n");
    if (two)
        write_second(n, io_goals, io_first_goal, goal_size);

    /* ---- status report: replay the structure, one <status> per tiltak */
    put("  <statusrapport id=\"syn-status\" versjon=\"syn-1\" tittel=\"Status\" organ=\"regionradet\">\n");
    static const char *const values[4] = { "grøn", "gul", "raud", "ikkje-vurdert" };
    k = 0;
    for (int i = 0; i < N_IO; i++) {
        for (unsigned long g = 0; g < io_goals[i]; g++) {
            unsigned size = goal_size[io_first_goal[i] + g];
            for (unsigned t = 0; t < size; t++, k++) {
                int v;
                if (k < 4) {
                    v = (int)k;
                } else {
                    unsigned p = rng_below(&rng_status, 100);
                    v = p < 50 ? 0 : p < 75 ? 1 : p < 88 ? 2 : 3;
                }
                const char *comment = "";
                unsigned e = rng_below(&rng_status, 100);
                int empty = v == 3 ? e < 60 : e < 12;
                sb_clear(&text);
                if (!empty) {
                    switch (v) {
                    case 0: comment = PICK(&rng_status, comment_gron); break;
                    case 1: comment = PICK(&rng_status, comment_gul); break;
                    case 2: comment = PICK(&rng_status, comment_raud); break;
                    default: comment = PICK(&rng_status, comment_ikkje); break;
                    }
                    sb_put(&text, comment);
                    /* Now and then a longer comment, to exercise wrapping. */
                    if (rng_below(&rng_status, 8) == 0) {
                        int wc = 0;
                        int target = 8 + (int)rng_below(&rng_status, 18);
                        size_t off;
                        sb_put(&text, " ");
                        off = text.len;
                        add(&text, &wc, PICK(&rng_status, verb_phrases));
                        add_np(&rng_status, &text, &wc);
                        while (wc < target)
                            add_modifier(&rng_status, &text, &wc);
                        end_sentence(&text, off);
                    }
                }
                putf("    <status tiltak=\"syn-%d.%lu.%u\" verdi=\"%s\"",
                     i + 1, g + 1, t + 1, values[v]);
                if (text.len == 0) {
                    put("/>\n");
                } else {
                    put(">");
                    esc(text.p);
                    put("</status>\n");
                }
            }
        }
    }
    put("  </statusrapport>\n");

    /* ---- sak */
    put("  <sak id=\"sak-syntetisk\" nr=\"99-26\" organ=\"regionradet\" dato=\"2026-05-20\" stad=\"Fjelldal\">\n");
    putf("    <tittel>Statusrapport for regional plan for Fjelldal – syntetisk test med %lu tiltak</tittel>\n", n);
    put("    <seksjon tittel=\"Bakgrunn\">\n");
    putf("      <avsnitt>Regional plan for Fjelldal 2025–2028 vart vedteken av Fjelldalstinget "
         "13. februar 2025. Planen har %lu tiltak fordelte på sju innsatsområde, og kvart "
         "tiltak har eit mål det høyrer til, ei tidsramme og eit ansvar.</avsnitt>\n", n);
    put("      <avsnitt>Sekretariatet har gått gjennom alle tiltaka saman med kommunane og "
        "partnarane, og vurdert framdrifta. Vurderinga er samanfatta i tabellen og diagrammet "
        "nedanfor; fargane viser om tiltaket går etter planen, er forseinka, ikkje er starta "
        "eller ikkje er vurdert.</avsnitt>\n");
    put("    </seksjon>\n");
    put("    <statusforklaring/>\n");
    put("    <statustabell versjon=\"syn-1\" rapport=\"syn-status\"/>\n");
    put("    <statussamandrag versjon=\"syn-1\" rapport=\"syn-status\"/>\n");
    put("    <statusdiagram versjon=\"syn-1\" rapport=\"syn-status\" tittel=\"Status per innsatsområde\"/>\n");
    put("    <forslag>\n");
    put("      <avsnitt>Regionrådet tek statusrapporten for regional plan for Fjelldal til "
        "orientering, og ber sekretariatet prioritere tiltak med raud status i arbeidet "
        "med handlingsprogrammet for 2027.</avsnitt>\n");
    put("    </forslag>\n");
    put("    <underskrift person=\"dagleg-leiar\"/>\n");
    put("  </sak>\n");
    put("</region>\n");

    /* ---- close and rename into place */
    if (fflush(out) != 0 || ferror(out))
        io_fail(tmp_path, errno ? errno : EIO);
    FILE *f = out;
    out = NULL;
    if (fclose(f) != 0) {
        int err = errno;
        remove(tmp_path);
        io_fail(tmp_path, err);
    }
    if (rename(tmp_path, final_path) != 0) {
        int err = errno;
        remove(tmp_path);
        io_fail(final_path, err);
    }

    free(text.p);
    for (int j = 0; j < 4; j++)
        free(items[j].p);
    for (unsigned long j = 0; two && j < n; j++) {
        free(saved[j].plain);
        free(saved[j].xml);
        free(saved[j].ansvar);
        free(saved[j].involvering);
    }
    free(saved);
    free(goal_size);
    free(final_path);
    free(tmp_path);
    return 0;
}
