// Renders a template file from the command line (a debugging aid beside the golden tests):
//   vtlrender FILE  -> the rendered text on stdout, or the error on stderr with exit code 1.
#include <vtl/template.h>

#include <QFile>
#include <QTextStream>

using namespace Gatehouse::Vtl;

int main(int argc, char **argv)
{
    if (argc < 2)
        return 2;
    QFile f(QString::fromLocal8Bit(argv[1]));
    if (!f.open(QIODevice::ReadOnly))
        return 2;
    VtlError error;
    const auto compiled = Template::compileWithError(QString::fromUtf8(f.readAll()), &error);
    QTextStream out(stdout);
    QTextStream err(stderr);
    if (!compiled) {
        err << "ERR: " << error.message << "\n";
        return 1;
    }
    const QString text = compiled->render(Context(), &error);
    if (error.isValid()) {
        err << "RUNTIME: " << error.message << "\n";
        return 1;
    }
    out << text;
    return 0;
}
