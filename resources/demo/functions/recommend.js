// Lambda proxy handler for GET /books/{isbn}/recommendations.
// Receives the API Gateway proxy event and returns {statusCode, headers, body}, as on AWS Lambda
// with the Node.js runtime.
'use strict';

const SHELVES = {
  '9780262033848': ['9780132350884', '9780201633610'],
  '9780132350884': ['9780201633610', '9780134757599'],
  '9780201633610': ['9780132350884', '9780596007126'],
};

exports.handler = async (event) => {
  const isbn = event.pathParameters && event.pathParameters.isbn;
  const limit = Number((event.queryStringParameters || {}).limit || 3);
  console.log(`recommendations for ${isbn} (limit ${limit})`);

  if (!/^[0-9]{13}$/.test(isbn || '')) {
    return {
      statusCode: 400,
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ message: 'isbn must be 13 digits' }),
    };
  }

  const related = (SHELVES[isbn] || ['9780262033848']).slice(0, limit);
  return {
    statusCode: 200,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=60' },
    body: JSON.stringify({ isbn, recommendations: related, stage: event.requestContext.stage }),
  };
};
