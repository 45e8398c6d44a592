#include <ui/mocks/vtllexer.h>
#include <ui/theme.h>

#include <QPalette>

#include <cstring>

namespace Gatehouse::Ui {

namespace {

bool identStart(char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

bool identChar(char c)
{
    return identStart(c) || (c >= '0' && c <= '9') || c == '-';
}

bool digit(char c)
{
    return c >= '0' && c <= '9';
}

bool oneOf(QByteArrayView word, std::initializer_list<const char *> words)
{
    for (const char *w : words) {
        if (word == QByteArrayView(w))
            return true;
    }
    return false;
}

// Directives whose block ends with #end.
bool opensBlock(QByteArrayView d)
{
    return oneOf(d, {"if", "foreach", "macro", "define"});
}

bool isDirective(QByteArrayView d)
{
    return opensBlock(d) ||
           oneOf(d, {"else", "elseif", "end", "set", "break", "stop", "include", "parse",
                     "evaluate"});
}

// Walks the template once, writing a style per byte and a fold-depth change per byte.
class Scanner
{
public:
    explicit Scanner(QByteArrayView text)
        : t(text), n(int(text.size())), styles(int(text.size()), char(VtlLexer::Default)),
          delta(int(text.size()), 0)
    {}

    void run()
    {
        int i = 0;
        while (i < n)
            i = text(i);
    }

    QList<int> foldLevels() const
    {
        QList<int> levels;
        int depth = 0;
        int lineStart = 0;
        bool blank = true;
        for (int i = 0; i <= n; ++i) {
            if (i == n || t[i] == '\n') {
                const int startDepth = lineStart;
                int level = QsciScintillaBase::SC_FOLDLEVELBASE + startDepth;
                if (depth > startDepth)
                    level |= QsciScintillaBase::SC_FOLDLEVELHEADERFLAG;
                if (blank)
                    level |= QsciScintillaBase::SC_FOLDLEVELWHITEFLAG;
                levels.append(level);
                lineStart = depth;
                blank = true;
                continue;
            }
            if (t[i] != ' ' && t[i] != '\t' && t[i] != '\r')
                blank = false;
            depth = qMax(0, depth + delta[i]);
        }
        return levels;
    }

    QByteArrayView t;
    int n;
    QByteArray styles;
    QList<qint8> delta;

private:
    char at(int i) const { return i < n ? t[i] : '\0'; }
    void paint(int from, int to, int style)
    {
        for (int i = qMax(0, from); i < qMin(to, n); ++i)
            styles[i] = char(style);
    }
    int identEnd(int i) const
    {
        while (i < n && identChar(t[i]))
            ++i;
        return i;
    }
    int lineEnd(int i) const
    {
        while (i < n && t[i] != '\n')
            ++i;
        return i;
    }

    // Comments, unparsed blocks and directives: returns the index after them, or -1 when the
    // '#' at i starts none of them.
    int hash(int i, bool inCode)
    {
        if (at(i + 1) == '#') {
            const int e = lineEnd(i);
            paint(i, e, VtlLexer::LineComment);
            return e;
        }
        if (at(i + 1) == '*') {
            const int close = int(t.sliced(i + 2).indexOf(QByteArrayView("*#")));
            const int e = close < 0 ? n : i + 2 + close + 2;
            paint(i, e, VtlLexer::BlockComment);
            return e;
        }
        if (at(i + 1) == '[' && at(i + 2) == '[') {
            const int close = int(t.sliced(i + 3).indexOf(QByteArrayView("]]#")));
            const int e = close < 0 ? n : i + 3 + close + 3;
            paint(i, e, VtlLexer::Unparsed);
            return e;
        }
        if (inCode)
            return -1;
        const bool braced = at(i + 1) == '{';
        const int nameStart = i + 1 + (braced ? 1 : 0);
        if (!identStart(at(nameStart)))
            return -1;
        int nameEnd = nameStart;
        while (nameEnd < n && (identChar(t[nameEnd])) && t[nameEnd] != '-')
            ++nameEnd;
        const QByteArrayView name = t.sliced(nameStart, nameEnd - nameStart);
        int e = nameEnd;
        if (braced) {
            if (at(e) != '}')
                return -1;
            ++e;
        }
        // "#else" and "#end" may be glued to text ("#end}"); a macro call needs its '('.
        int args = e;
        while (!braced && args < n && (t[args] == ' ' || t[args] == '\t'))
            ++args;
        const bool known = isDirective(name);
        if (!known && at(braced ? e : args) != '(')
            return -1;
        paint(i, e, VtlLexer::Directive);
        if (opensBlock(name))
            delta[i] += 1;
        else if (name == QByteArrayView("end"))
            delta[i] -= 1;
        if (oneOf(name, {"else", "end", "break", "stop"}))
            return e;
        const int open = braced ? e : args;
        if (at(open) != '(')
            return e;
        paint(open, open + 1, VtlLexer::Operator);
        return code(open + 1, ')');
    }

    // $name, $!name, ${name}, followed by .member, .call(args) and [index].
    int reference(int i)
    {
        int start = i;
        int j = i + 1;
        if (at(j) == '!')
            ++j;
        const bool braced = at(j) == '{';
        if (braced)
            ++j;
        if (!identStart(at(j)))
            return -1;
        j = identEnd(j);
        for (;;) {
            if (at(j) == '.' && identStart(at(j + 1))) {
                j = identEnd(j + 1);
            } else if (at(j) == '(' || at(j) == '[') {
                const char closer = at(j) == '(' ? ')' : ']';
                paint(start, j, VtlLexer::Reference);
                paint(j, j + 1, VtlLexer::Operator);
                j = code(j + 1, closer);
                start = j;
            } else {
                break;
            }
        }
        if (braced && at(j) == '}')
            ++j;
        paint(start, j, VtlLexer::Reference);
        return j;
    }

    // A quoted string from i (the quote); double quotes interpolate references. JSON strings
    // in plain text stop at the end of the line.
    int string(int i, bool interpolate, bool stopAtLineEnd)
    {
        const char quote = t[i];
        paint(i, i + 1, VtlLexer::String);
        int j = i + 1;
        while (j < n && t[j] != quote) {
            if (stopAtLineEnd && t[j] == '\n')
                return j;
            if (t[j] == '\\' && j + 1 < n && t[j + 1] != '\n') {
                paint(j, j + 2, VtlLexer::String);
                j += 2;
                continue;
            }
            if (interpolate && t[j] == '$') {
                const int e = reference(j);
                if (e > j) {
                    j = e;
                    continue;
                }
            }
            paint(j, j + 1, VtlLexer::String);
            ++j;
        }
        if (j < n) {
            paint(j, j + 1, VtlLexer::String);
            ++j;
        }
        return j;
    }

    int number(int i)
    {
        int j = i;
        if (at(j) == '-')
            ++j;
        while (digit(at(j)))
            ++j;
        if (at(j) == '.' && digit(at(j + 1))) {
            ++j;
            while (digit(at(j)))
                ++j;
        }
        if ((at(j) == 'e' || at(j) == 'E') &&
            (digit(at(j + 1)) || ((at(j + 1) == '+' || at(j + 1) == '-') && digit(at(j + 2))))) {
            j += 2;
            while (digit(at(j)))
                ++j;
        }
        paint(i, j, VtlLexer::Number);
        return j;
    }

    // Directive and method arguments until `closer` at nesting 0; returns the index after it.
    int code(int i, char closer)
    {
        QByteArray expected(1, closer);
        while (i < n) {
            const char c = t[i];
            if (c == expected.back()) {
                paint(i, i + 1, VtlLexer::Operator);
                expected.chop(1);
                ++i;
                if (expected.isEmpty())
                    return i;
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                expected.append(c == '(' ? ')' : c == '[' ? ']' : '}');
                paint(i, i + 1, VtlLexer::Operator);
                ++i;
            } else if (c == '"' || c == '\'') {
                i = string(i, c == '"', false);
            } else if (c == '$') {
                const int e = reference(i);
                i = e > i ? e : i + 1;
            } else if (c == '#') {
                const int e = hash(i, true);
                i = e > i ? e : i + 1;
            } else if (digit(c) || (c == '-' && digit(at(i + 1)) && !identChar(at(i - 1)))) {
                i = number(i);
            } else if (identStart(c)) {
                int e = i;
                while (e < n && (identStart(t[e]) || digit(t[e])))
                    ++e;
                const QByteArrayView word = t.sliced(i, e - i);
                if (oneOf(word, {"true", "false", "null", "in", "and", "or", "not", "eq", "ne",
                                 "lt", "gt", "le", "ge"}))
                    paint(i, e, VtlLexer::Keyword);
                i = e;
            } else if (std::strchr("=!<>&|+-*/%,:.)]}", c)) {
                paint(i, i + 1, VtlLexer::Operator);
                ++i;
            } else {
                ++i;
            }
        }
        return n;
    }

    // Plain template text (usually JSON): one token from i.
    int text(int i)
    {
        const char c = t[i];
        if (c == '\\' && (at(i + 1) == '$' || at(i + 1) == '#')) {
            // An escaped reference or directive renders as written.
            int e = i + 2;
            if (at(i + 1) == '$')
                e = identEnd(e + (at(e) == '!' ? 1 : 0) + (at(e) == '{' ? 1 : 0));
            return e;
        }
        if (c == '#') {
            const int e = hash(i, false);
            return e > i ? e : i + 1;
        }
        if (c == '$') {
            const int e = reference(i);
            return e > i ? e : i + 1;
        }
        if (c == '"') {
            const int e = string(i, true, true);
            int k = e;
            while (k < n && (t[k] == ' ' || t[k] == '\t'))
                ++k;
            if (at(k) == ':') {
                for (int p = i; p < e; ++p) {
                    if (styles[p] == char(VtlLexer::String))
                        styles[p] = char(VtlLexer::JsonKey);
                }
            }
            return e;
        }
        if ((digit(c) || (c == '-' && digit(at(i + 1)))) && (i == 0 || !identChar(t[i - 1])))
            return number(i);
        if (identStart(c)) {
            const int e = identEnd(i);
            if (oneOf(t.sliced(i, e - i), {"true", "false", "null"}) &&
                (i == 0 || !identChar(t[i - 1])))
                paint(i, e, VtlLexer::Keyword);
            return e;
        }
        if (c == '{' || c == '[') {
            delta[i] += 1;
            paint(i, i + 1, VtlLexer::Operator);
        } else if (c == '}' || c == ']') {
            delta[i] -= 1;
            paint(i, i + 1, VtlLexer::Operator);
        } else if (c == ':' || c == ',') {
            paint(i, i + 1, VtlLexer::Operator);
        }
        return i + 1;
    }
};

} // namespace

VtlLexer::VtlLexer(QObject *parent)
    : QsciLexerCustom(parent)
{}

QString VtlLexer::description(int style) const
{
    static const char *const names[] = {"Default",  "Line comment", "Block comment", "Directive",
                                        "Reference", "String",       "Number",        "Operator",
                                        "JSON key",  "Keyword",      "Unparsed"};
    if (style < 0 || style >= StyleCount)
        return QString();
    return QString::fromLatin1(names[style]);
}

const char *VtlLexer::wordCharacters() const
{
    return "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_";
}

QStringList VtlLexer::autoCompletionWordSeparators() const
{
    return {QStringLiteral(".")};
}

QByteArray VtlLexer::classify(QByteArrayView text, QList<int> *foldLevels)
{
    Scanner scanner(text);
    scanner.run();
    if (foldLevels)
        *foldLevels = scanner.foldLevels();
    return scanner.styles;
}

void VtlLexer::styleText(int start, int end)
{
    Q_UNUSED(start);
    Q_UNUSED(end);
    QsciScintilla *ed = editor();
    if (!ed)
        return;
    // The whole document each time: see the class comment.
    const int length = int(ed->SendScintilla(QsciScintillaBase::SCI_GETLENGTH));
    QByteArray bytes(length + 1, '\0');
    ed->SendScintilla(QsciScintillaBase::SCI_GETTEXT, length + 1, bytes.data());
    bytes.truncate(length);
    QList<int> levels;
    const QByteArray styles = classify(bytes, &levels);
    startStyling(0);
    int i = 0;
    while (i < length) {
        int j = i + 1;
        while (j < length && styles[j] == styles[i])
            ++j;
        setStyling(j - i, styles[i]);
        i = j;
    }
    for (int line = 0; line < levels.size(); ++line)
        ed->SendScintilla(QsciScintillaBase::SCI_SETFOLDLEVEL, line, levels[line]);
}

void VtlLexer::applyPalette(const QPalette &palette, const QFont &font)
{
    const bool dark = isDark(palette);
    const QColor text = palette.color(QPalette::Text);
    const QColor paper = palette.color(QPalette::Base);
    struct Colours
    {
        int style;
        const char *light;
        const char *dark;
        bool bold;
        bool italic;
    };
    static const Colours table[] = {
        {LineComment, "#6a737d", "#8b949e", false, true},
        {BlockComment, "#6a737d", "#8b949e", false, true},
        {Directive, "#a626a4", "#d2a8ff", true, false},
        {Reference, "#0b61a4", "#79c0ff", false, false},
        {String, "#1a7f37", "#7ee787", false, false},
        {Number, "#b35900", "#ffa657", false, false},
        {Operator, "#57606a", "#aab4be", false, false},
        {JsonKey, "#8a3c00", "#f0b37e", false, false},
        {Keyword, "#cf222e", "#ff7b72", false, false},
        {Unparsed, "#6a737d", "#8b949e", false, false},
    };
    setDefaultFont(font);
    setDefaultPaper(paper);
    setDefaultColor(text);
    for (int style = 0; style < StyleCount; ++style) {
        setFont(font, style);
        setPaper(paper, style);
        setColor(text, style);
    }
    for (const Colours &c : table) {
        QFont f = font;
        f.setBold(c.bold);
        f.setItalic(c.italic);
        setFont(f, c.style);
        setColor(QColor(QString::fromLatin1(dark ? c.dark : c.light)), c.style);
    }
}

} // namespace Gatehouse::Ui
