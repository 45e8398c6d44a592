// The function of bench/gateway's integration routes, one file for both servers:
//   handler  Lambda proxy (AWS_PROXY): the pet as the response body, as statusCode/headers/body
//   vtl      Lambda non-proxy (AWS): the pet as an object, shaped by the response template
// Gatehouse runs it from functions/pets.js (AWS_PROXY), serverless-offline from serverless.yml.
'use strict';

function pet(id) {
  return {id: String(id), name: 'pet-' + id, type: 'dog', price: 249.99,
          tags: ['friendly', 'house-trained'], owner: {name: 'Ada Lovelace', city: 'London'},
          note: 'served by a function'};
}

exports.handler = async (event) => ({
  statusCode: 200,
  headers: {'Content-Type': 'application/json'},
  body: JSON.stringify(pet(event.pathParameters.id)),
});

exports.vtl = async (event) => pet(event.id);
