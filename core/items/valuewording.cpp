#include <items/valuewording.h>

namespace Gatehouse::Items {

namespace {
thread_local ValueWording t_wording = ValueWording::Current;
} // namespace

ValueWording valueWording()
{
    return t_wording;
}

ScopedValueWording::ScopedValueWording(ValueWording wording) : m_previous(t_wording)
{
    t_wording = wording;
}

ScopedValueWording::~ScopedValueWording()
{
    t_wording = m_previous;
}

} // namespace Gatehouse::Items
