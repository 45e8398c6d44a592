exports.handler = async () => ({ statusCode: 200, body: { not: 'a string' } });
