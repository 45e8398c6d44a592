// A binary answer: base64 in the result, bytes to a client whose Accept is a binary media type.
exports.handler = async () => ({
  statusCode: 200,
  headers: { 'Content-Type': 'image/png' },
  body: 'iVBORw0KGgo=',
  isBase64Encoded: true,
});
