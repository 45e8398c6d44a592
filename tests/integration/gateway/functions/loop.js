// Never returns: Lambda's timeout (loop.json) or the integration's stops it.
exports.handler = () => {
  for (;;) {}
};
