// A small REST resource on the Notes table through the tables client (DocumentClient calls).
const { tables } = require('gatehouse');

exports.handler = async (event) => {
  const id = event.pathParameters.id;
  try {
    switch (event.httpMethod) {
    case 'PUT': {
      const note = JSON.parse(event.body || '{}');
      await tables.put({
        TableName: 'Notes',
        Item: { id, text: note.text, views: 0 },
        ConditionExpression: 'attribute_not_exists(id)',
      }).promise();
      return { statusCode: 201, body: JSON.stringify({ id }) };
    }
    case 'GET': {
      const { Attributes } = await tables.update({
        TableName: 'Notes',
        Key: { id },
        UpdateExpression: 'ADD #v :one',
        ConditionExpression: 'attribute_exists(id)',
        ExpressionAttributeNames: { '#v': 'views' },
        ExpressionAttributeValues: { ':one': 1 },
        ReturnValues: 'ALL_NEW',
      }).promise();
      return { statusCode: 200, body: JSON.stringify(Attributes) };
    }
    case 'DELETE':
      await tables.delete({ TableName: 'Notes', Key: { id } }).promise();
      return { statusCode: 204 };
    default:
      return { statusCode: 405, body: JSON.stringify({ message: 'method not allowed' }) };
    }
  } catch (e) {
    if (e.code === 'ConditionalCheckFailedException') {
      return { statusCode: event.httpMethod === 'PUT' ? 409 : 404,
               body: JSON.stringify({ code: e.code, message: e.message }) };
    }
    throw e;
  }
};
