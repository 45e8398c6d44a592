// Lambda proxy handler for GET /books/{isbn}/recommendations.
// Receives the API Gateway proxy event and returns {statusCode, headers, body}, as on AWS Lambda
// with the Node.js runtime. The Books table is read through Gatehouse's tables client, which
// takes the DocumentClient's calls (get, put, update, delete, query, scan) with plain values.
'use strict';

const { tables } = require('gatehouse');

const json = (statusCode, body) => ({
  statusCode,
  headers: { 'Content-Type': 'application/json', 'Cache-Control': 'max-age=60' },
  body: JSON.stringify(body),
});

exports.handler = async (event, context) => {
  const isbn = event.pathParameters && event.pathParameters.isbn;
  const limit = Number((event.queryStringParameters || {}).limit || 3);
  console.log(`recommendations for ${isbn} (limit ${limit}), request ${context.awsRequestId}`);

  if (!/^[0-9]{13}$/.test(isbn || '')) {
    return json(400, { message: 'isbn must be 13 digits' });
  }
  const { Item: book } = await tables.get({ TableName: 'Books', Key: { isbn } }).promise();
  if (!book) {
    return json(404, { message: 'Book not found' });
  }

  // Books sharing a tag with this one, most shared tags first, then by title.
  const tags = book.tags ? book.tags.values : [];
  const { Items: all } = await tables.scan({
    TableName: 'Books',
    ProjectionExpression: 'isbn, title, tags',
  }).promise();
  const related = all
    .filter((other) => other.isbn !== isbn)
    .map((other) => ({
      isbn: other.isbn,
      title: other.title,
      shared: (other.tags ? other.tags.values : []).filter((t) => tags.includes(t)),
    }))
    .filter((other) => other.shared.length > 0)
    .sort((a, b) => b.shared.length - a.shared.length || a.title.localeCompare(b.title))
    .slice(0, limit);

  return json(200, { isbn, title: book.title, recommendations: related, stage: event.requestContext.stage });
};
