// Thread affinity: GUI thread (classify() is a pure function, callable from any thread).
#pragma once

#include <ui/qsci.h>

#define slots Q_SLOTS
#define signals Q_SIGNALS
#include <Qsci/qscilexercustom.h>
#undef slots
#undef signals

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace Gatehouse::Ui {

// Highlighting and folding for API Gateway mapping templates: Velocity (directives, references,
// comments) over the JSON a template usually writes. QScintilla has no Velocity lexer, so this
// one tokenizes the whole document on every request: templates are a few kilobytes, and a
// whole pass keeps multi-line comments and fold depths right without per-line state.
class VtlLexer : public QsciLexerCustom
{
    Q_OBJECT
public:
    enum Style {
        Default = 0,
        LineComment,  // ## to the end of the line
        BlockComment, // #* ... *#
        Directive,    // #if #foreach #set #end ... and macro calls #name(
        Reference,    // $x ${x} $!x $input.path(...) .size()
        String,       // "..." and '...' (directive arguments), JSON string values
        Number,
        Operator,     // ( ) [ ] { } , : = ...
        JsonKey,      // a JSON string followed by ':'
        Keyword,      // true false null, and in/and/or/not/eq/... inside directive arguments
        Unparsed,     // #[[ ... ]]#
        StyleCount
    };

    explicit VtlLexer(QObject *parent = nullptr);

    const char *language() const override { return "VTL"; }
    QString description(int style) const override;
    void styleText(int start, int end) override;
    const char *wordCharacters() const override;
    QStringList autoCompletionWordSeparators() const override;

    // One style per byte of UTF-8 `text`; `foldLevels`, when given, receives Scintilla fold
    // levels per line (directive blocks #if/#foreach/#macro/#define ... #end and JSON braces).
    static QByteArray classify(QByteArrayView text, QList<int> *foldLevels = nullptr);

    // Colours for the palette in use (light or dark).
    void applyPalette(const QPalette &palette, const QFont &font);
};

} // namespace Gatehouse::Ui
